// The report's file formats: adding one is a renderer and a line here.
import type { Report } from '../core/report.js';
import { renderMarkdown } from './markdown.js';

export interface ReportFormat {
  readonly fileName: string;
  readonly render: (report: Report) => string;
}

export const renderJson = (report: Report): string => `${JSON.stringify(report, null, 2)}\n`;

export const REPORT_FORMATS: readonly ReportFormat[] = [
  { fileName: 'report.json', render: renderJson },
  { fileName: 'report.md', render: renderMarkdown },
];
