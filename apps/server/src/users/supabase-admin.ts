import { BadGatewayException, Injectable, Logger } from '@nestjs/common';
import { GoTrueAdminApi } from '@supabase/supabase-js';
import { supabaseAuthUrl } from '../auth/token-keys.js';
import { ServerConfig } from '../config/server-config.js';

/**
 * The calls this server makes to Supabase itself (with the service role key). Without
 * SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY there is no Supabase to call and they do nothing.
 */
@Injectable()
export class SupabaseAdmin {
  private readonly logger = new Logger(SupabaseAdmin.name);
  /** Only the auth admin API: a full createClient() would also set up realtime, which we never use. */
  private readonly auth?: GoTrueAdminApi;

  constructor(config: ServerConfig) {
    if (config.supabaseUrl && config.supabaseServiceRoleKey) {
      const key = config.supabaseServiceRoleKey;
      this.auth = new GoTrueAdminApi({
        url: supabaseAuthUrl(config.supabaseUrl),
        headers: { Authorization: `Bearer ${key}`, apikey: key },
      });
    }
  }

  /** Deletes the auth user; one that Supabase no longer has counts as deleted. */
  async deleteAuthUser(id: string): Promise<void> {
    if (!this.auth) return;
    const { error } = await this.auth.deleteUser(id);
    if (error && error.status !== 404) {
      this.logger.warn(`Supabase refused to delete user ${id}: ${error.message}`);
      throw new BadGatewayException(`Supabase could not delete the user: ${error.message}; nothing was deleted`);
    }
  }
}
