/**
 * The cell editor: CodeMirror 6 in TypeScript mode, sized like the static
 * code it replaces (same font, padding and line height, set in
 * notebook.css) and coloured through `tok-*` classes that notebook.css maps
 * to the light and dark palettes of the static highlighting.
 * Ctrl/Cmd+Enter runs the cell; Shift+Enter runs it and moves to the next.
 * Types come from the notebook's language service (../types), which starts
 * on the reader's first edit.
 *
 * @example
 * const editor = createEditor(host, code, { label: "Code of cell greeting", onChange, onRun, onRunNext });
 * editor.focus();
 */
import { EditorState } from "@codemirror/state";
import { EditorView, keymap, drawSelection, highlightActiveLine } from "@codemirror/view";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { bracketMatching, indentOnInput, syntaxHighlighting } from "@codemirror/language";
import { javascript } from "@codemirror/lang-javascript";
import { classHighlighter } from "@lezer/highlight";
import { cellTypes } from "../types/typesExtension.ts";
import { pageStrings } from "./strings.ts";

export interface EditorOptions {
  label: string;
  onChange(code: string): void;
  onRun(): void;
  onRunNext(): void;
}

export interface CellEditor {
  readonly code: string;
  setCode(code: string): void;
  focus(): void;
  readonly element: HTMLElement;
  /** Type errors the language service shows in the code now (0 before it has checked). */
  readonly typeErrors: number;
}

export function createEditor(parent: HTMLElement, code: string, options: EditorOptions): CellEditor {
  const run = () => {
    options.onRun();
    return true;
  };
  const runNext = () => {
    options.onRunNext();
    return true;
  };
  const types = cellTypes(pageStrings(document));
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: code,
      extensions: [
        keymap.of([
          { key: "Mod-Enter", run, preventDefault: true },
          { key: "Shift-Enter", run: runNext, preventDefault: true },
        ]),
        history(),
        drawSelection(),
        highlightActiveLine(),
        indentOnInput(),
        bracketMatching(),
        javascript({ typescript: true }),
        syntaxHighlighting(classHighlighter),
        types.extension,
        // Tab indents; Escape then Tab leaves the editor (CodeMirror's focus escape).
        keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
        EditorView.contentAttributes.of({ "aria-label": options.label }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) options.onChange(update.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    get code() {
      return view.state.doc.toString();
    },
    setCode(next: string) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: next } });
    },
    focus() {
      view.focus();
    },
    element: view.dom,
    get typeErrors() {
      return types.errors;
    },
  };
}
