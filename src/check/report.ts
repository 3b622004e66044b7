/** One failure of one rule. */
export interface Finding {
  /** Matterhorn Protocol checkpoint, ISO clause, WCAG criterion or tool rule id. */
  rule: string;
  message: string;
  page?: number;
}

/** A rule as checked on one file: how many things it looked at, and what failed. */
export interface RuleResult {
  rule: string;
  title: string;
  /** Items checked (pages, elements, links …); 0 with `skipped` when the rule could not apply. */
  checked: number;
  failed: number;
  skipped?: string;
}

export interface FileReport {
  file: string;
  rules: RuleResult[];
  findings: Finding[];
}

/** Collects results rule by rule, in the order the rules are declared. */
export class Report {
  private readonly results = new Map<string, RuleResult>();
  readonly findings: Finding[] = [];

  constructor(readonly file: string) {}

  /** Declare a rule (once); `checked` counts what it looked at. */
  rule(rule: string, title: string): { pass: (count?: number) => void; fail: (message: string, page?: number) => void; skip: (why: string) => void } {
    let result = this.results.get(rule);
    if (!result) this.results.set(rule, (result = { rule, title, checked: 0, failed: 0 }));
    const current = result;
    return {
      pass: (count = 1) => {
        current.checked += count;
      },
      fail: (message, page) => {
        current.checked++;
        current.failed++;
        this.findings.push({ rule, message, ...(page === undefined ? {} : { page }) });
      },
      skip: (why) => {
        current.skipped = why;
      },
    };
  }

  done(): FileReport {
    return { file: this.file, rules: [...this.results.values()], findings: this.findings };
  }
}

/** The report an officer files: every rule with its counts, then the failures. */
export function formatReport(report: FileReport): string {
  const lines = [`${report.file}`];
  const width = Math.max(...report.rules.map((r) => r.rule.length), 4);
  for (const r of report.rules) {
    const status = r.failed ? 'FAIL' : r.checked ? 'pass' : 'n/a ';
    const counts = r.skipped && !r.checked ? `not checked: ${r.skipped}` : r.checked ? `${r.checked} checked${r.failed ? `, ${r.failed} failed` : ''}` : 'nothing of the kind';
    lines.push(`  ${status}  ${r.rule.padEnd(width)}  ${r.title} (${counts})`);
  }
  for (const f of report.findings) lines.push(`  ${f.page === undefined ? '' : `page ${f.page}: `}[${f.rule}] ${f.message}`);
  const failed = report.rules.filter((r) => r.failed).length;
  const passed = report.rules.filter((r) => !r.failed && r.checked).length;
  const skipped = report.rules.filter((r) => !r.failed && !r.checked).length;
  lines.push(`  ${failed ? 'FAILED' : 'ok'}: ${report.rules.length} rules, ${passed} passed, ${failed} failed, ${skipped} not applicable`);
  return `${lines.join('\n')}\n`;
}
