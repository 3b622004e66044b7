import type Handlebars from 'handlebars';

/** A precompiled template, as Handlebars.template takes it (the package does not export the type by name). */
export type TemplateSpecification = Parameters<typeof Handlebars.template>[0];

/**
 * The built-in layouts and partials, precompiled by Handlebars when the
 * bundle is built (scripts/bundle.mjs puts a generated module in this one's
 * place), by templateKey of their text: compiling them as each run first
 * rendered a layout took ~80 ms before the first print. Run from src/ (tsx),
 * none is: every template is compiled as it is read. A text with no entry
 * (edited since the bundle was built, a project's own) is compiled too.
 */
export const PRECOMPILED: ReadonlyMap<string, TemplateSpecification> = new Map();
