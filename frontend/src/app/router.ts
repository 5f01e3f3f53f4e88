/**
 * The application's pages and their paths (French first: the paths are French words). Matching is
 * pure and tested; the shell does the loading. `access` says who may open a page: the shell sends
 * the others to the sign-in page (or says the page is for officials).
 */
import type { Page } from "./page";

export type Access = "everyone" | "signedIn" | "official" | "administrator";

export interface Route {
  name: string;
  pattern: string;
  access: Access;
  load: () => Promise<{ default: Page }>;
}

export const ROUTES: Route[] = [
  { name: "map", pattern: "/", access: "everyone", load: () => import("../pages/map") },
  {
    name: "proposal",
    pattern: "/propositions/:id",
    access: "everyone",
    load: () => import("../pages/proposal"),
  },
  {
    name: "project",
    pattern: "/projets/:id",
    access: "everyone",
    load: () => import("../pages/project"),
  },
  { name: "propose", pattern: "/proposer", access: "signedIn", load: () => import("../pages/propose") },
  {
    name: "myProposals",
    pattern: "/mes-propositions",
    access: "signedIn",
    load: () => import("../pages/myProposals"),
  },
  { name: "signIn", pattern: "/connexion", access: "everyone", load: () => import("../pages/signIn") },
  { name: "register", pattern: "/inscription", access: "everyone", load: () => import("../pages/register") },
  {
    name: "verifyEmail",
    pattern: "/verifier-email",
    access: "everyone",
    load: () => import("../pages/verifyEmail"),
  },
  { name: "account", pattern: "/compte", access: "signedIn", load: () => import("../pages/account") },
  {
    name: "notifications",
    pattern: "/notifications",
    access: "signedIn",
    load: () => import("../pages/notifications"),
  },
  {
    name: "unsubscribe",
    pattern: "/desabonnement",
    access: "everyone",
    load: () => import("../pages/unsubscribe"),
  },
  {
    name: "forgotPassword",
    pattern: "/mot-de-passe-oublie",
    access: "everyone",
    load: () => import("../pages/accountCare/forgot"),
  },
  {
    name: "resetPassword",
    pattern: "/reinitialiser-mot-de-passe",
    access: "everyone",
    load: () => import("../pages/accountCare/reset"),
  },
  {
    name: "confirmEmail",
    pattern: "/confirmer-adresse",
    access: "everyone",
    load: () => import("../pages/accountCare/confirmEmail"),
  },
  {
    name: "privacy",
    pattern: "/confidentialite",
    access: "everyone",
    load: () => import("../pages/privacy"),
  },
  { name: "vote", pattern: "/voter", access: "everyone", load: () => import("../pages/vote") },
  {
    name: "voteCampaign",
    pattern: "/voter/:campaign",
    access: "everyone",
    load: () => import("../pages/vote"),
  },
  { name: "receipt", pattern: "/recu", access: "everyone", load: () => import("../pages/receipt") },
  { name: "results", pattern: "/resultats", access: "everyone", load: () => import("../pages/results") },
  {
    name: "resultsCampaign",
    pattern: "/resultats/:campaign",
    access: "everyone",
    load: () => import("../pages/results"),
  },
  {
    name: "deliveries",
    pattern: "/realisations",
    access: "everyone",
    load: () => import("../pages/deliveries"),
  },
  {
    name: "delivery",
    pattern: "/realisations/:id",
    access: "everyone",
    load: () => import("../pages/delivery"),
  },
  {
    name: "petitions",
    pattern: "/petitions",
    access: "everyone",
    load: () => import("../pages/petitions"),
  },
  {
    name: "petitionNew",
    pattern: "/petitions/nouvelle",
    access: "signedIn",
    load: () => import("../pages/petitionNew"),
  },
  {
    name: "myPetitions",
    pattern: "/petitions/miennes",
    access: "signedIn",
    load: () => import("../pages/myPetitions"),
  },
  {
    name: "petition",
    pattern: "/petitions/:id",
    access: "everyone",
    load: () => import("../pages/petition"),
  },
  { name: "manage", pattern: "/gestion", access: "official", load: () => import("../pages/manage") },
  {
    name: "manageSection",
    pattern: "/gestion/:section",
    access: "official",
    load: () => import("../pages/manage"),
  },
  {
    name: "manageItem",
    pattern: "/gestion/:section/:id",
    access: "official",
    load: () => import("../pages/manage"),
  },
  { name: "notFound", pattern: "*", access: "everyone", load: () => import("../pages/notFound") },
];

export interface Match {
  route: Route;
  params: Record<string, string>;
}

/** The first route whose pattern matches `path` (a trailing slash is ignored), with its params. */
export function match(path: string, routes: Route[] = ROUTES): Match {
  const parts = path.replace(/\/+$/, "").split("/").filter(Boolean);
  for (const route of routes) {
    if (route.pattern === "*") return { route, params: {} };
    const wanted = route.pattern.split("/").filter(Boolean);
    if (wanted.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let ok = true;
    for (let i = 0; i < wanted.length; i += 1) {
      const w = wanted[i] as string;
      const p = parts[i] as string;
      if (w.startsWith(":")) {
        try {
          params[w.slice(1)] = decodeURIComponent(p);
        } catch {
          ok = false;
          break;
        }
      } else if (w !== p) {
        ok = false;
        break;
      }
    }
    if (ok) return { route, params };
  }
  throw new Error(`No route for ${path}: the table must end with "*".`);
}

/** A path to a page, with its params filled in and encoded: `pathTo("proposal", { id: 12 })`. */
export function pathTo(
  name: string,
  params: Record<string, string | number> = {},
  routes: Route[] = ROUTES,
): string {
  const route = routes.find((r) => r.name === name);
  if (!route) throw new Error(`No route named ${name}.`);
  return route.pattern.replace(/:(\w+)/g, (_, key: string) => {
    const value = params[key];
    if (value === undefined) throw new Error(`pathTo(${name}): missing ${key}.`);
    return encodeURIComponent(String(value));
  });
}

/** Whether a person with `role` (null when signed out) may open a page with `access`. */
export function allowed(access: Access, role: string | null): boolean {
  switch (access) {
    case "everyone":
      return true;
    case "signedIn":
      return role !== null;
    case "official":
      return role === "official" || role === "administrator";
    case "administrator":
      return role === "administrator";
  }
}
