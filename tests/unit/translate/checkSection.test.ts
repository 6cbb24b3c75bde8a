import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { checkSection } from "../../../src/translate/checkSection.ts";

const source = '## Try it {#try}\n\nPress Run to see the family chart below.\n\n<FamilyChart />\n\n<Cell id="hi">\n```ts\nconsole.log("Hello");\n```\n</Cell>\n';

describe("a translated section", () => {
  it("passes when only prose, comments and strings changed", () => {
    const fr = '## Essayez {#try}\n\nAppuyez sur Exécuter pour voir le graphique ci-dessous.\n\n<FamilyChart />\n\n<Cell id="hi">\n```ts\nconsole.log("Bonjour");\n```\n</Cell>\n';
    assert.deepEqual(checkSection(source, fr, []), []);
  });

  it("is refused when a model renames a component, naming it", () => {
    const fr = '## Essayez {#try}\n\nAppuyez sur Exécuter pour voir le graphique.\n\n<GraphiqueFamille />\n\n<Cell id="hi">\n```ts\nconsole.log("Bonjour");\n```\n</Cell>\n';
    const problems = checkSection(source, fr, []).join("\n");
    assert.match(problems, /<GraphiqueFamille> is not a component lessons can use/);
    assert.match(problems, /components differ: expected \[<FamilyChart> <Cell>\], found \[<GraphiqueFamille> <Cell>\]/);
  });

  it("is refused when its MDX does not parse or a code block is lost", () => {
    assert.match(checkSection(source, '## Essayez {#try}\n\nTexte {non fermé.\n', []).join("\n"), /not valid MDX/);
    const noCode = '## Essayez {#try}\n\nAppuyez sur Exécuter pour voir le graphique.\n\n<FamilyChart />\n\n<Cell id="hi">\n</Cell>\n';
    assert.match(checkSection(source, noCode, []).join("\n"), /code blocks differ: 1 in the source, 0 here/);
  });
});
