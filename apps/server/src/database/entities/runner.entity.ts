import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A runner as last seen through its heartbeat (monitoring only; jobs carry their own leases). */
@Entity('runners')
export class RunnerEntity {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  id!: string;

  @Column({ name: 'last_ping', type: 'timestamptz', nullable: true })
  lastPing!: Date | null;

  @Column({ name: 'is_active', type: 'boolean', default: true })
  isActive!: boolean;

  @Column({ name: 'max_concurrent_jobs', type: 'integer', default: 2 })
  maxConcurrentJobs!: number;

  @Column({ name: 'current_jobs', type: 'integer', default: 0 })
  currentJobs!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
