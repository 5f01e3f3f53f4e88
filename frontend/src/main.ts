import "leaflet/dist/leaflet.css";
import "./styles.css";
import { startApp } from "./app/app";

const root = document.getElementById("app");
if (root) startApp(root);
