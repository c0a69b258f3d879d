import { Module } from '@nestjs/common';
import { LanguageModel } from './language-model.js';

@Module({ providers: [LanguageModel], exports: [LanguageModel] })
export class LanguageModelModule {}
