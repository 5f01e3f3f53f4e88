/**
 * Roles (`/gestion/roles`, administrators): officials and administrators with their areas, a
 * look-up by email for anyone else, and the role change (`PUT users/{id}/role/`) with a reason.
 */
import type { z } from "zod";
import { ApiError } from "../../api/client";
import { PaginatedUserRoleOutputList, RoleEnum, UserRoleOutput } from "../../api/generated/zod";
import { request } from "../../api/request";
import type { Page, PageContext } from "../../app/page";
import { localTranslator } from "../../i18n/local";
import { h } from "../../ui/dom";
import { clearErrors, errorSummary, field, selectField, showErrors, submitting } from "../../ui/forms";
import { areaChoices, personLabel, roleBody } from "./roles.change";
import { rolesMessages, type RolesKey } from "./roles.messages";
import "./roles.css";
import {
  allPages,
  confirmIn,
  dataTable,
  editorCard,
  errorText,
  formText,
  loadCampaigns,
  quietly,
  reasonField,
  say,
  statusLine,
} from "./sectionKit";

type Person = z.output<typeof UserRoleOutput>;

function mount(root: HTMLElement, context: PageContext): undefined {
  const t = localTranslator(rolesMessages, context.lang);
  const lang = context.lang;
  const roleName = (r: string) => t(`role.${r}` as RolesKey);
  context.setTitle(t("title"));
  const status = statusLine();
  const list = h("div", {});
  const editor = h("div", {});
  const found = h("div", {});
  let areas: { code: string; name: string }[] = [];
  const page = h(
    "div",
    { class: "kit-page" },
    h("h1", {}, t("title")),
    h("p", {}, t("intro")),
    status,
    list,
    finder(),
    found,
    editor,
  );
  root.append(page);
  // The people and the campaigns (for the areas' names) arrive in either order: the table is
  // drawn when the people are there and drawn again when the names come, never left with codes.
  let people: Person[] | null = null;
  const draw = () => {
    if (people) list.replaceChildren(table(people));
  };
  quietly(
    loadCampaigns(context.signal).then((campaigns) => {
      areas = areaChoices(campaigns);
      draw();
    }),
    () => undefined, // without campaigns the area boxes are empty; the API still checks
  );
  refresh();
  return undefined;

  function areaNames(codes: readonly string[]): string {
    return codes.map((c) => areas.find((a) => a.code === c)?.name ?? c).join(", ");
  }

  function refresh(): void {
    quietly(
      allPages("users/", UserRoleOutput, {}, context.signal).then((found) => {
        people = found;
        draw();
      }),
      (error) => {
        say(status, errorText(error, t("failed")), "error");
      },
    );
  }

  function table(people: Person[]): HTMLElement {
    const wrap = dataTable(
      t("caption", { count: people.length }),
      [
        { label: t("colName") },
        { label: t("colRole") },
        { label: t("colAreas") },
        { label: t("colActions"), hidden: true },
      ],
      people.map((p) => [personCell(p), roleName(p.role), areasCell(p), changeButton(p)]),
    );
    // On a phone each person is a card, every value under its column's name (roles.css).
    // A table for assistive technologies still, whatever the layout (display: block drops the
    // semantics in some browsers).
    wrap.classList.add("roles-table");
    const roles: [string, string][] = [
      ["table", "table"],
      ["thead, tbody", "rowgroup"],
      ["tr", "row"],
      ["thead th", "columnheader"],
      ["tbody th", "rowheader"],
      ["td", "cell"],
    ];
    for (const [selector, role] of roles)
      for (const el of wrap.querySelectorAll(selector)) el.setAttribute("role", role);
    return wrap;
  }

  /** The name and, below it, the email: two people of the same name are told apart. */
  function personCell(p: Person): Node {
    if (!p.display_name) return h("span", { class: "roles-email" }, p.email);
    return h(
      "span",
      { class: "roles-person" },
      h("span", { class: "roles-name" }, p.display_name),
      h("span", { class: "roles-email" }, p.email),
    );
  }

  function areasCell(p: Person): string {
    if (p.role === "administrator") return t("allAreas");
    return p.areas.length ? areaNames(p.areas) : t("noAreas");
  }

  function changeButton(p: Person): HTMLElement {
    const name = personLabel(p);
    const button = h(
      "button",
      { type: "button", class: "button button-quiet", "aria-label": t("changeLabel", { name }) },
      t("change"),
    );
    button.addEventListener("click", () => {
      openEditor(p, button);
    });
    return button;
  }

  function finder(): HTMLElement {
    const form = h(
      "form",
      { novalidate: true, role: "search" },
      errorSummary(),
      field({ label: t("findEmail"), name: "email", type: "email", autocomplete: "off" }),
      h("button", { type: "submit", class: "button" }, t("find")),
    );
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      clearErrors(form);
      found.replaceChildren();
      const email = formText(new FormData(form), "email").trim();
      if (!email) return;
      quietly(
        submitting(form, () =>
          request("GET", "users/", {
            schema: PaginatedUserRoleOutputList,
            query: { email },
            signal: context.signal,
          }),
        ).then((answer) => {
          const person = answer.results[0];
          if (!person) {
            found.replaceChildren(h("p", { role: "status" }, t("notFound")));
            return;
          }
          found.replaceChildren(
            h(
              "p",
              { role: "status" },
              `${person.display_name || person.email} — ${person.email} — ${roleName(person.role)} `,
              changeButton(person),
            ),
          );
        }),
        (error) => {
          showErrors(form, error, t("failed"));
        },
      );
    });
    return h(
      "section",
      { class: "kit-card", "aria-labelledby": "roles-find" },
      h("h2", { id: "roles-find" }, t("findTitle")),
      h("p", { class: "field-hint" }, t("findHint")),
      form,
    );
  }

  function openEditor(person: Person, opener: HTMLButtonElement): void {
    const name = personLabel(person);
    const headingId = `role-${person.id}`;
    const reason = reasonField(lang, false);
    const anchor = h("div", { hidden: true });
    const boxes = areas.map((a) => {
      const id = `role-${person.id}-${a.code}`;
      return h(
        "div",
        { class: "kit-check" },
        h("input", {
          type: "checkbox",
          id,
          name: "areas",
          value: a.code,
          checked: person.areas.includes(a.code),
        }),
        h("label", { for: id }, a.name),
      );
    });
    const areasError = h("p", { class: "field-error", id: `${headingId}-areas-error`, hidden: true });
    const areaSet = h(
      "fieldset",
      { class: "kit-fieldset", name: "areas-set" },
      h("legend", {}, t("areasLegend")),
      h("p", { class: "field-hint" }, t("areasHint")),
      ...boxes,
      areasError,
    );
    const form = h(
      "form",
      { novalidate: true },
      errorSummary(),
      selectField({
        label: t("role"),
        name: "role",
        choices: RoleEnum.options.map((r) => [r, roleName(r)]),
        value: person.role,
      }),
      areaSet,
      reason.wrap,
      anchor,
      h("div", { class: "kit-actions" }, h("button", { type: "submit", class: "button" }, t("save"))),
    );
    const roleSelect = form.querySelector<HTMLSelectElement>('select[name="role"]');
    const syncAreas = () => {
      areaSet.hidden = roleSelect?.value !== "official";
    };
    roleSelect?.addEventListener("change", syncAreas);
    syncAreas();
    editorCard({ editor, headingId, title: t("editTitle", { name }), form, opener, closeLabel: t("close") });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      clearErrors(form);
      areasError.hidden = true;
      const data = new FormData(form);
      const parsed = RoleEnum.safeParse(data.get("role"));
      if (!parsed.success) return;
      const codes = data.getAll("areas").filter((v): v is string => typeof v === "string");
      const result = roleBody(parsed.data, codes, formText(data, "reason"));
      if (!result.ok) {
        areasError.textContent = t("needArea");
        areasError.hidden = false;
        showErrors(form, new ApiError(400, "invalid", t("needArea")), t("failed"));
        return;
      }
      quietly(
        (async () => {
          const yes = await confirmIn(anchor, lang, t("confirmRole", { name, role: roleName(parsed.data) }));
          if (!yes) {
            say(status, t("cancelled"));
            return;
          }
          const saved = await submitting(form, () =>
            request("PUT", `users/${person.id}/role/`, {
              schema: UserRoleOutput,
              body: result.body,
              signal: context.signal,
            }),
          );
          const message = t("saved", { name: saved.display_name || saved.email, role: roleName(saved.role) });
          say(status, message);
          context.announce(message);
          editor.replaceChildren();
          found.replaceChildren();
          refresh();
        })(),
        (error) => {
          if (error instanceof ApiError && error.errors.areas) {
            areasError.textContent = error.errors.areas.join(" ");
            areasError.hidden = false;
          }
          showErrors(form, error, t("failed"));
        },
      );
    });
  }
}

const page: Page = { mount };

export default page;
