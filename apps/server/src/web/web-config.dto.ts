import { ApiProperty } from '@nestjs/swagger';
import type { AuthMode, LanguageOption, WebConfigDto } from '@app/contracts';

/** LanguageOption as the OpenAPI document describes it. */
class LanguageOptionResponse implements LanguageOption {
  @ApiProperty({ example: 'zh', description: 'what an upload sends as `language`' })
  code!: string;

  @ApiProperty({ example: 'Chinese' })
  name!: string;
}

/** WebConfigDto (a plain type in contracts, for the web app) as the OpenAPI document describes it. */
export class WebConfigResponse implements WebConfigDto {
  @ApiProperty({ enum: ['local', 'supabase'], description: 'local: tokens signed by this server; supabase: Supabase sign-in' })
  auth_mode!: AuthMode;

  @ApiProperty({ type: String, nullable: true, description: 'SUPABASE_URL (null in local mode)' })
  supabase_url!: string | null;

  @ApiProperty({ type: String, nullable: true, description: "SUPABASE_ANON_KEY, Supabase's public key" })
  supabase_anon_key!: string | null;

  @ApiProperty({ description: 'the largest upload, bytes' })
  max_upload_bytes!: number;

  @ApiProperty({ description: 'MAX_UPLOAD_MB' })
  max_upload_mb!: number;

  @ApiProperty({ type: [LanguageOptionResponse], description: '"auto" first, then the languages whisper transcribes' })
  languages!: LanguageOption[];

  @ApiProperty({ example: 'auto' })
  default_language!: string;

  @ApiProperty({ description: 'the server has a language model (GLM_API_KEY): chat works' })
  chat_available!: boolean;

  @ApiProperty({ example: '0.1.0' })
  version!: string;
}
