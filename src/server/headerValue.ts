/**
 * A value a client sent, made safe for a response header: Node throws on
 * characters outside Latin-1 and on control characters, so anything but
 * printable ASCII is percent-encoded (decodeURIComponent gives it back), and
 * the length is bounded.
 *
 * @example
 * headerValue("carnet-tiny-demo") // "carnet-tiny-demo"
 * headerValue("模型")              // "%E6%A8%A1%E5%9E%8B"
 */
export function headerValue(value: string, maxLength = 256): string {
  const text = value.length > maxLength ? value.slice(0, maxLength) : value;
  if (/^[\x20-\x7e]*$/.test(text)) return text.includes("%") ? text.replace(/%/g, "%25") : text;
  return encodeURIComponent(text.toWellFormed());
}
