import path from 'node:path';
import { z } from 'zod';
import { UserError } from '../errors.ts';
import type { YamlMapping } from './yaml-file.ts';

/** `name`, `[name]` or `[name, options]`: a remark or rehype plugin by package name or `./relative/path.js`. */
const PluginEntrySchema = z.union([
  z.string().trim().min(1),
  z.tuple([z.string().trim().min(1)]),
  z.tuple([z.string().trim().min(1), z.unknown()]),
]);
export type PluginEntry = z.infer<typeof PluginEntrySchema>;

/** A folder of the project, relative to the configuration file. */
const FolderSchema = z.string().trim().min(1);

/** The project's own keys in paiban.config.yaml (besides fonts, strict and the document defaults). */
export const ProjectSettingsSchema = z
  .object({
    /** Theme packages in the project's node_modules, first one first: each a folder of layouts/, partials/, styles/. */
    theme: z.union([z.string().trim().min(1), z.array(z.string().trim().min(1)).max(16)]).optional(),
    /** The project's own folders (default: layouts, partials, styles beside the configuration). */
    layouts: FolderSchema.optional(),
    partials: FolderSchema.optional(),
    styles: FolderSchema.optional(),
    /** Run on the mdast after paiban's own transforms. */
    remarkPlugins: z.array(PluginEntrySchema).max(64).optional(),
    /** Run on the hast before the sanitiser (which still runs after them). */
    rehypePlugins: z.array(PluginEntrySchema).max(64).optional(),
  })
  .strict();
export type ProjectSettings = z.infer<typeof ProjectSettingsSchema>;

export const SETTINGS_KEYS: readonly string[] = Object.keys(ProjectSettingsSchema.shape);

/** The settings part of a configuration file, validated, an error naming its line. */
export function projectSettings(config: YamlMapping | undefined): ProjectSettings {
  if (!config) return {};
  const own = Object.fromEntries(Object.entries(config.data).filter(([key]) => SETTINGS_KEYS.includes(key)));
  const result = ProjectSettingsSchema.safeParse(own);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const where = issue.path.map(String).join('.');
  throw new UserError(`${where}: ${issue.message}`, { file: config.shown, line: config.lineOf(issue.path as (string | number)[]) });
}

/** The project's layouts, partials and styles folders, as the settings name them (default: beside the configuration). */
export function layerFolders(root: string, settings: ProjectSettings): string[] {
  return (['layouts', 'partials', 'styles'] as const).map((kind) => path.resolve(root, settings[kind] ?? kind));
}
