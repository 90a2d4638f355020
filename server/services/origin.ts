/** A Content-Disposition value for a download with a safe file name. */
export function attachment(name: string): string {
  return `attachment; filename="${name.replace(/[^\w.-]+/g, '-')}"`;
}
