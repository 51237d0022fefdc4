/** The report formats, by the name the CLI takes. */
import type { Finding } from '../detect/finding.js';
import { renderJson } from './json.js';
import { renderSarif, type SarifOptions } from './sarif.js';
import { renderText, type TextOptions } from './text.js';

export const FORMATS = ['text', 'json', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

export type RenderOptions = TextOptions & SarifOptions;

export function render(format: Format, findings: readonly Finding[], options: RenderOptions = {}): string {
  switch (format) {
    case 'text':
      return renderText(findings, options);
    case 'json':
      return renderJson(findings, options);
    case 'sarif':
      return renderSarif(findings, options);
  }
}
