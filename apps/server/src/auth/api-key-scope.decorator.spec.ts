import { ApiKeyScope } from '@app/contracts';
import { SESSION_ONLY, scopeCovers, scopeNeeded } from './api-key-scope.decorator.js';

describe('API key scopes', () => {
  it('GET needs read, other methods admin, unless the route declares its scope', () => {
    expect(scopeNeeded(undefined, 'GET', false)).toBe(ApiKeyScope.Read);
    expect(scopeNeeded(undefined, 'HEAD', false)).toBe(ApiKeyScope.Read);
    expect(scopeNeeded(undefined, 'POST', false)).toBe(ApiKeyScope.Admin);
    expect(scopeNeeded(undefined, 'DELETE', false)).toBe(ApiKeyScope.Admin);
    expect(scopeNeeded(ApiKeyScope.Transcribe, 'POST', false)).toBe(ApiKeyScope.Transcribe);
  });

  it('admin routes need admin whatever they declare; session-only routes refuse every key', () => {
    expect(scopeNeeded(undefined, 'GET', true)).toBe(ApiKeyScope.Admin);
    expect(scopeNeeded(ApiKeyScope.Read, 'GET', true)).toBe(ApiKeyScope.Admin);
    expect(scopeNeeded(SESSION_ONLY, 'GET', true)).toBe(SESSION_ONLY);
    expect(scopeNeeded(SESSION_ONLY, 'GET', false)).toBe(SESSION_ONLY);
  });

  it('each scope includes the ones before it', () => {
    expect(scopeCovers(ApiKeyScope.Admin, ApiKeyScope.Transcribe)).toBe(true);
    expect(scopeCovers(ApiKeyScope.Transcribe, ApiKeyScope.Read)).toBe(true);
    expect(scopeCovers(ApiKeyScope.Transcribe, ApiKeyScope.Admin)).toBe(false);
    expect(scopeCovers(ApiKeyScope.Read, ApiKeyScope.Transcribe)).toBe(false);
  });
});
