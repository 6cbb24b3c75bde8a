/**
 * Links written from the site's root in a lesson (`/fr/lessons/tokens/#id`,
 * the README's rule for links across lessons) published under the site's
 * base (`/course/fr/lessons/tokens/#id` with SITE_BASE=/course/), as a
 * Sätteri hast plugin. Other links (relative, `#id`, `https://…`, `//host`)
 * stay as written.
 *
 * @example
 * satteri({ hastPlugins: [baseLinks("/course/")] })
 */
import type { HastPluginDefinition } from "satteri";
import { withBase } from "../i18n/localizedPath.ts";

type Element = { type: string; tagName?: string; properties?: Record<string, unknown>; children?: unknown[] };

/** `href` under `base` when it is written from the site's root; otherwise unchanged. */
export function hrefUnderBase(href: string, base: string): string {
  if (base === "/" || !href.startsWith("/") || href.startsWith("//")) return href;
  return withBase(href, base);
}

export function baseLinks(base: string): HastPluginDefinition {
  return {
    name: "carnet-base-links",
    element: {
      filter: ["a"],
      visit(node) {
        const a = node as unknown as Element;
        const href = a.properties?.href;
        if (typeof href !== "string") return;
        const published = hrefUnderBase(href, base);
        if (published === href) return;
        return { ...a, properties: { ...a.properties, href: published } } as never;
      },
    },
  } as HastPluginDefinition;
}
