// The links between README.md and docs/*.md: every relative link must name a file that exists,
// and every `#anchor` a heading (or an `<a id>`) of the page it points into, slugged as GitHub
// slugs headings. tests/unit/doc-links.test.ts runs it over the repository's pages.
import path from 'node:path';

/**
 * The anchor GitHub gives a heading: its text as rendered (code spans, emphasis and links
 * reduced to their text), lower-cased, punctuation dropped, spaces made hyphens. A repeated
 * heading gets `-1`, `-2` … as GitHub numbers them.
 */
export function headingSlug(heading) {
  return heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`/g, '')
    .replace(/(\*\*|__|\*)/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** Markdown without its fenced code blocks and code spans, where nothing is a link. */
const withoutCode = (markdown) =>
  markdown.replace(/^( *)(```|~~~)[\s\S]*?^\1\2[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');

/** Every anchor a page offers: its headings' slugs and its explicit `<a id="…">` / `<a name="…">`. */
export function anchorsOf(markdown) {
  const anchors = new Set();
  const seen = new Map();
  const prose = markdown.replace(/^( *)(```|~~~)[\s\S]*?^\1\2[^\n]*$/gm, '');
  for (const [, heading] of prose.matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
    const slug = headingSlug(heading);
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  for (const [, id] of prose.matchAll(/<a (?:id|name)="([^"]+)"/g)) anchors.add(id);
  return anchors;
}

/** The targets of a page's Markdown links and images that stay inside the repository. */
export function relativeLinksOf(markdown) {
  const targets = [];
  for (const [, target] of withoutCode(markdown).matchAll(/\]\(([^)\s]+)(?: +"[^"]*")?\)/g)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto: …
    targets.push(target);
  }
  return targets;
}

/**
 * The broken links of `pages` (`{ path, text }`, paths relative to the repository), as readable
 * lines. `exists(path)` says whether a repository file exists; pages' own anchors come from
 * their text, and a link into a Markdown file that is not among the pages is checked for the
 * file only.
 */
export function brokenLinks(pages, exists) {
  const byPath = new Map(pages.map((page) => [path.posix.normalize(page.path), page]));
  const anchors = new Map();
  const anchorsFor = (file) => {
    if (!anchors.has(file)) anchors.set(file, anchorsOf(byPath.get(file).text));
    return anchors.get(file);
  };
  const problems = [];
  for (const page of pages) {
    for (const target of relativeLinksOf(page.text)) {
      const [filePart, anchor] = target.split('#');
      const file = filePart
        ? path.posix.normalize(path.posix.join(path.posix.dirname(page.path), decodeURI(filePart)))
        : path.posix.normalize(page.path);
      if (filePart && !byPath.has(file) && !exists(file)) {
        problems.push(`${page.path}: ${target}: no file ${file}`);
        continue;
      }
      if (anchor !== undefined && byPath.has(file) && !anchorsFor(file).has(anchor))
        problems.push(`${page.path}: ${target}: ${file} has no heading or anchor "${anchor}"`);
    }
  }
  return problems;
}
