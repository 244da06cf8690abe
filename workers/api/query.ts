// Query parameters as the API server's parameter codec reads them
// (apimachinery pkg/runtime/conversion.go).

/** Convert_Slice_string_To_bool: present and neither "0" nor "false" (any case) is true. */
export function queryBool(text: string | undefined): boolean {
  return text !== undefined && text !== '0' && text.toLowerCase() !== 'false';
}
