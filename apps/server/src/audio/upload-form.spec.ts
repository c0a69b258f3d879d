import { BadRequestException } from '@nestjs/common';
import { readUploadForm } from './upload.service.js';

describe('readUploadForm: the summary fields', () => {
  it('takes a trimmed instruction, or a template id; blank means none', () => {
    expect(readUploadForm({ summary_instruction: '  Three bullets ' })).toMatchObject({ summaryInstruction: 'Three bullets' });
    expect(readUploadForm({ summary_template_id: ' 0b0e7c9e-4d1f-4b8a-9a53-2f4f6f3c1d2e ' })).toMatchObject({
      summaryInstruction: null,
      summaryTemplateId: '0b0e7c9e-4d1f-4b8a-9a53-2f4f6f3c1d2e',
    });
    expect(readUploadForm({ summary_instruction: ' ', summary_template_id: '' })).toMatchObject({
      summaryInstruction: null,
      summaryTemplateId: undefined,
    });
  });

  it('refuses both at once, and an instruction over 2,000 characters', () => {
    expect(() => readUploadForm({ summary_instruction: 'a', summary_template_id: 'b' })).toThrow(BadRequestException);
    expect(() => readUploadForm({ summary_instruction: 'x'.repeat(2001) })).toThrow(/at most 2000 characters/);
    expect(readUploadForm({ summary_instruction: '写'.repeat(2000) }).summaryInstruction).toHaveLength(2000);
  });
});
