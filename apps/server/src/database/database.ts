import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver.js';

/** A LISTENing connection (Database.listen). */
export interface Listening {
  check(): Promise<void>;
  stop(): void;
}

/** Where a statement runs: the pool, or the connection of one transaction. */
export interface Queryable {
  /** The rows a parameterized statement returns (for an UPDATE or DELETE, its RETURNING rows). */
  rows<Row>(sql: string, parameters?: unknown[]): Promise<Row[]>;
}

class ClientQueryable implements Queryable {
  constructor(private readonly client: Pool | PoolClient) {}

  async rows<Row>(sql: string, parameters: unknown[] = []): Promise<Row[]> {
    return (await this.client.query(sql, parameters)).rows as Row[];
  }
}

/**
 * The repositories' way to PostgreSQL: parameterized SQL on the app's connection pool (the one
 * TypeORM opened, with its timeouts), rows back in one shape whatever the statement, and
 * transactions. Repositories are the only users; services never see SQL.
 */
@Injectable()
export class Database implements Queryable {
  private readonly pool: Pool;
  private readonly direct: Queryable;

  constructor(@InjectDataSource() dataSource: DataSource) {
    this.pool = (dataSource.driver as PostgresDriver).master as Pool;
    this.direct = new ClientQueryable(this.pool);
  }

  rows<Row>(sql: string, parameters?: unknown[]): Promise<Row[]> {
    return this.direct.rows<Row>(sql, parameters);
  }

  /** Resolves once the database answers a trivial statement. */
  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  /**
   * A connection of its own, out of the pool, that LISTENs on `channel`: each notification's
   * payload goes to `onNotification`; `onLost` hears once that the connection broke (then it is
   * gone: listen again). `check` runs a trivial statement on it (an idle connection to a frozen
   * server would otherwise look alive for hours); `stop` lets it go.
   */
  async listen(channel: string, onNotification: (payload: string) => void, onLost: (error: Error) => void): Promise<Listening> {
    const client = await this.pool.connect();
    let done = false;
    const finish = (error?: Error) => {
      if (done) return;
      done = true;
      client.removeAllListeners('notification');
      client.release(error ?? true); // never back to the pool: it was LISTENing
      if (error) onLost(error);
    };
    client.on('notification', (message) => {
      if (message.channel === channel) onNotification(message.payload ?? '');
    });
    client.on('error', (error) => finish(error));
    client.on('end', () => finish(new Error('the listening connection ended')));
    try {
      await client.query(`LISTEN ${client.escapeIdentifier(channel)}`);
    } catch (error) {
      finish();
      throw error;
    }
    return {
      check: async () => {
        try {
          await client.query('SELECT 1');
        } catch (error) {
          finish(error as Error);
        }
      },
      stop: () => finish(),
    };
  }

  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await work(new ClientQueryable(client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        broken = rollbackError as Error; // the connection is unusable: do not return it to the pool
      });
      throw error;
    } finally {
      client.release(broken);
    }
  }
}
