import "leaflet/dist/leaflet.css";
import "./styles.css";
import { startShell } from "./app/shell";

const root = document.getElementById("app");
if (root) startShell(root);
