/**
 * What a cell's editor gets from the language service: type and syntax
 * errors underlined (CodeMirror's lint), hover with the type and doc
 * comment, completion with members' types, a count in the cell's toolbar
 * and a list of the errors under the code for screen readers and keyboard
 * users. From the keyboard: Ctrl-Space completes, Ctrl-K Ctrl-I (Cmd on a
 * Mac) shows the type at the cursor, F8 / Shift-F8 go to the next /
 * previous error, Escape closes a tooltip.
 *
 * @example
 * const extensions = cellTypes({ t, onErrors: (n) => … });
 * new EditorView({ extensions: [...extensions] });
 */
import { autocompletion, type Completion, type CompletionContext, type CompletionResult } from "@codemirror/autocomplete";
import { lintKeymap, setDiagnostics, type Diagnostic } from "@codemirror/lint";
import { localCompletionSource } from "@codemirror/lang-javascript";
import { Prec, type Extension } from "@codemirror/state";
import { activateHover, closeHoverTooltips, EditorView, hoverTooltip, keymap, type Tooltip } from "@codemirror/view";
import { DiagnosticsList } from "./diagnosticsList.ts";
import type { Strings } from "../page/strings.ts";
import type { Hover, TypeDiagnostic } from "./protocol.ts";
import { typesClient } from "./typesClient.ts";

/** CodeMirror's completion icons by TypeScript's kind of symbol. */
const COMPLETION_TYPES: Record<string, string> = {
  method: "method", function: "function", "local function": "function", property: "property", getter: "property",
  setter: "property", var: "variable", let: "variable", "local var": "variable", const: "constant", parameter: "variable",
  class: "class", interface: "interface", type: "type", enum: "enum", "enum member": "enum", module: "namespace", keyword: "keyword",
};

export interface CellTypes {
  extension: Extension;
  /** Type errors shown in the cell now. */
  readonly errors: number;
}

export function cellTypes(t: Strings): CellTypes {
  const client = typesClient();
  let cell: string | undefined;
  let errors = 0;

  /** Binds the editor to its cell once it is on the page (it is created before it is attached). */
  const attach = (editor: EditorView): string | undefined => {
    if (cell) return cell;
    const figure = editor.dom.closest<HTMLElement>("figure.cell[data-cell]");
    if (!figure) return undefined;
    cell = figure.dataset.cell!;
    const list = new DiagnosticsList(figure, cell, t, (from) => {
      editor.dispatch({ selection: { anchor: Math.min(from, editor.state.doc.length) }, scrollIntoView: true });
      editor.focus();
    });
    client.register(cell, {
      show: (items) => {
        const length = editor.state.doc.length;
        const diagnostics: Diagnostic[] = items
          .filter((d) => d.from <= length)
          .map((d) => ({ from: d.from, to: Math.min(Math.max(d.to, d.from), length), severity: d.severity, message: d.message, source: `TS${d.code}` }));
        errors = items.filter((d) => d.severity === "error").length;
        editor.dispatch(setDiagnostics(editor.state, diagnostics));
        list.show(items, editor.state.doc, client.localized, client.failure);
      },
    });
    return cell;
  };

  const hover = hoverTooltip(async (editor, pos): Promise<Tooltip | null> => {
    const id = attach(editor);
    if (!id || !client.ready) return null;
    const info = await client.hover(id, pos);
    if (!info || !info.type) return null;
    return { pos: info.from, end: info.to, above: true, create: () => ({ dom: hoverContent(info) }) };
  });

  const complete = async (context: CompletionContext): Promise<CompletionResult | null> => {
    const id = attach(context.view!);
    if (!id || !client.ready) return localCompletionSource(context);
    const word = context.matchBefore(/[\w$]*/);
    const afterDot = /\.\s*$/.test(context.state.sliceDoc(Math.max(0, (word?.from ?? context.pos) - 2), word?.from ?? context.pos));
    if (!context.explicit && !afterDot && (!word || word.from === word.to)) return null;
    const answer = await client.complete(id, context.pos);
    if (!answer || context.aborted) return null;
    return {
      from: answer.from,
      validFor: /^[\w$]*$/,
      options: answer.options.map(
        (o): Completion => ({
          label: o.label,
          type: COMPLETION_TYPES[o.kind] ?? "variable",
          ...(o.detail ? { detail: shortened(o.detail) } : {}),
          ...(o.doc ? { info: o.doc } : {}),
          ...(o.apply ? { apply: o.apply } : {}),
          // TypeScript's own order (locals, then members, then globals) first, the alphabet second.
          boost: -Math.min(99, Number.parseInt(o.sortText, 10) || 0),
        }),
      ),
    };
  };

  const showHoverAtCursor = (editor: EditorView) => {
    const pos = editor.state.selection.main.head;
    activateHover(editor, pos, 1, { until: (tr) => tr.docChanged || tr.selection !== undefined });
    return true;
  };

  const extension: Extension = [
    hover,
    autocompletion({ override: [complete], icons: true }),
    Prec.high(keymap.of([{ key: "Mod-k Mod-i", run: showHoverAtCursor }, { key: "Escape", run: closeHovers }])),
    keymap.of(lintKeymap),
    EditorView.updateListener.of((update) => {
      attach(update.view);
      if (update.docChanged) client.changed();
    }),
  ];

  function closeHovers(editor: EditorView): boolean {
    editor.dispatch({ effects: closeHoverTooltips });
    return false;
  }

  return {
    extension,
    get errors() {
      return errors;
    },
  };
}

/** A member's type, cut to fit the completion list (the full type is one hover away). */
function shortened(detail: string): string {
  return detail.length > 120 ? `${detail.slice(0, 119)}…` : detail;
}

function hoverContent(info: Hover): HTMLElement {
  const dom = document.createElement("div");
  dom.className = "cm-types-hover";
  const type = document.createElement("code");
  type.className = "cm-types-hover-type";
  type.textContent = info.type;
  dom.append(type);
  if (info.doc) {
    const doc = document.createElement("p");
    doc.className = "cm-types-hover-doc";
    doc.textContent = info.doc;
    dom.append(doc);
  }
  return dom;
}
