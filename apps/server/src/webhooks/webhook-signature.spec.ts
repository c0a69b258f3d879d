import { newWebhookSecret, webhookSignature } from './webhook-signature.js';

describe('webhook signatures', () => {
  it('signs "<t>.<body>" with HMAC-SHA256, Stripe style', () => {
    // The same as `printf '1700000000.{"id":"x"}' | openssl dgst -sha256 -hmac whsec_test`.
    expect(webhookSignature('whsec_test', '{"id":"x"}', 1_700_000_000)).toBe(
      't=1700000000,v1=80e8d098018f757aa814ab1abb924f35d304affa1d93d29611a54696207eb7c3',
    );
  });

  it('changes with the body, the time and the secret', () => {
    const base = webhookSignature('whsec_a', '{}', 1);
    expect(webhookSignature('whsec_a', '{ }', 1)).not.toBe(base);
    expect(webhookSignature('whsec_a', '{}', 2)).not.toBe(base);
    expect(webhookSignature('whsec_b', '{}', 1)).not.toBe(base);
  });

  it('makes secrets of 256 random bits, never the same twice', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret.slice('whsec_'.length), 'base64url')).toHaveLength(32);
    expect(newWebhookSecret()).not.toBe(secret);
  });
});
