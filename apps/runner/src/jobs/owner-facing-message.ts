/**
 * An error as the job's owner reads it (error_message): no paths of the runner's machine (scratch
 * folders, model files, binaries: only their last part is kept, which is what names the file) and
 * no network addresses; the server's own address reads "the server".
 */
export function ownerFacingMessage(message: string, serverUrl: string): string {
  const server = serverUrl.replace(/\/+$/, '');
  return message
    .split(`server ${server}`)
    .join('the server')
    .split(server)
    .join('the server')
    .replace(/\bhttps?:\/\/[^\s'"()]+/g, '<address>')
    .replace(/\[[0-9a-f:]+\](:\d+)?/gi, '<address>')
    .replace(/\b\d{1,3}(\.\d{1,3}){3}(:\d+)?\b/g, '<address>')
    .replace(/(?<![\w.:/~-])\/(?:[^\s/:'"()]+\/)+([^\s/:'"()]+)/g, '$1');
}
