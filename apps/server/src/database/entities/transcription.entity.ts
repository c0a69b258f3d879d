import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { JobStage, TranscriptionStatus } from '@app/contracts';

export interface TranscriptSegment {
  start: number;
  end: number;
  text: string;
}

/** A numeric column that pg returns as a string (bigint) read back as a number. */
const bigintAsNumber = {
  to: (value: number | null | undefined) => value,
  from: (value: string | null) => (value === null ? null : Number(value)),
};

/** One uploaded file and its job: the audio's metadata, the queue state, and the result. */
@Entity('transcriptions')
export class TranscriptionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ name: 'user_id', type: 'uuid', nullable: true })
  userId!: string | null;

  @Column({ name: 'file_name', type: 'varchar', length: 255 })
  fileName!: string;

  /** The stored audio (named by id, never by the user's file name); null once deleted. */
  @Column({ name: 'file_path', type: 'varchar', length: 500, nullable: true })
  filePath!: string | null;

  @Column({ name: 'content_type', type: 'varchar', length: 100, nullable: true })
  contentType!: string | null;

  @Column({ name: 'file_size', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  fileSize!: number | null;

  @Column({ name: 'audio_sha256', type: 'char', length: 64, nullable: true })
  audioSha256!: string | null;

  @Column({ type: 'varchar', length: 10, nullable: true })
  language!: string | null;

  @Column({ type: 'varchar', length: 20, default: TranscriptionStatus.Pending })
  status!: TranscriptionStatus;

  @Column({ type: 'smallint', default: 0 })
  progress!: number;

  @Column({ type: 'varchar', length: 20, nullable: true })
  stage!: JobStage | null;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'runner_id', type: 'varchar', length: 100, nullable: true })
  runnerId!: string | null;

  @Column({ name: 'lease_id', type: 'uuid', nullable: true })
  leaseId!: string | null;

  @Column({ name: 'lease_expires_at', type: 'timestamptz', nullable: true })
  leaseExpiresAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  text!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  segments!: TranscriptSegment[] | null;

  @Column({ type: 'text', nullable: true })
  summary!: string | null;

  @Column({ name: 'duration_seconds', type: 'double precision', nullable: true })
  durationSeconds!: number | null;

  @Column({ name: 'error_message', type: 'text', nullable: true })
  errorMessage!: string | null;

  @Column({ name: 'processing_time_seconds', type: 'double precision', nullable: true })
  processingTimeSeconds!: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt!: Date | null;
}
