import { Global, Module } from '@nestjs/common';
import { AudioStorage } from './audio-storage.js';
import { StorageSweeper } from './storage-sweeper.js';

@Global()
@Module({ providers: [AudioStorage, StorageSweeper], exports: [AudioStorage, StorageSweeper] })
export class StorageModule {}
