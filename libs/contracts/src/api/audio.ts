/** POST /api/audio/{id}/ticket: a URL an <audio> element can play (it cannot send Authorization). */
export interface AudioTicketDto {
  /** `/api/audio/{id}?ticket=…`: that recording only, for any number of (Range) requests until `expires_at`. */
  url: string;
  expires_at: string;
}
