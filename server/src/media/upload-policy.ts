/** The site's upload security settings (`config/plugins` → upload → security). */
export interface UploadSecurity {
  allowedTypes?: string[];
  deniedTypes?: string[];
}

const matches = (mime: string, pattern: string) =>
  pattern === '*' ||
  pattern === mime ||
  (pattern.endsWith('/*') && mime.startsWith(pattern.slice(0, -1)));

/** Why the site's upload settings refuse a file of this type, or null when they accept it. */
export function uploadRefusal(mime: string, security: UploadSecurity | undefined): string | null {
  const { allowedTypes, deniedTypes } = security ?? {};
  if (deniedTypes?.some((pattern) => matches(mime, pattern)))
    return `refused: ${mime} is in the upload plugin's security.deniedTypes`;
  if (allowedTypes && allowedTypes.length > 0 && !allowedTypes.some((p) => matches(mime, p)))
    return `refused: ${mime} is not in the upload plugin's security.allowedTypes`;
  return null;
}
