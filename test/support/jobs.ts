import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

/** A direct connection to a test server's database, for arranging rows and checking them. */
export async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}

/** `count` pending jobs of one user, oldest first, created straight in the database. */
export async function insertPendingJobs(db: Client, count: number): Promise<string[]> {
  const userId = randomUUID();
  await db.query(`INSERT INTO users (id, email, is_active) VALUES ($1, $2, true)`, [userId, `${userId}@example.com`]);
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO transcriptions (user_id, file_name, file_path, file_size, status, created_at)
     SELECT $1, 'job-' || n || '.wav', NULL, 1000, 'pending', now() - make_interval(secs => $2 - n)
       FROM generate_series(1, $2) AS n
     RETURNING id`,
    [userId, count],
  );
  await db.query(`UPDATE transcriptions SET file_path = id::text WHERE user_id = $1`, [userId]);
  return rows.map((row) => row.id);
}
