import { Global, Module } from '@nestjs/common';
import { AudioStorage } from './audio-storage.js';

@Global()
@Module({ providers: [AudioStorage], exports: [AudioStorage] })
export class StorageModule {}
