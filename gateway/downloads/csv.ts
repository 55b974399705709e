/**
 * One CSV field of text that someone else wrote (a member's name chosen by their society): quoted when it holds a
 * quote, comma or line break, and — since spreadsheets run a cell that starts with =, +, -, @, a tab or a carriage
 * return as a formula — such a value is prefixed with an apostrophe, as OWASP's CSV-injection advice says.
 */
export function csvField(value: string): string {
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
