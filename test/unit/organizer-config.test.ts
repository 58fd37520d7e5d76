/** The organizer's configuration: validated once, with messages that name what is wrong. */
import { ConfigError, organizerConfig } from '../../lambdas/config.ts';

describe('organizerConfig', () => {
  it('organizes offline without a key, with Gemini and MINIMAL thinking with one', () => {
    expect(organizerConfig({})).toMatchObject({
      ORGANIZER: 'offline',
      GEMINI_MODEL: 'gemini-3.5-flash-lite',
    });
    expect(organizerConfig({ GEMINI_API_KEY: 'k' })).toMatchObject({
      ORGANIZER: 'gemini',
      GEMINI_THINKING_LEVEL: 'MINIMAL',
    });
  });

  it("takes a thinking level for models that refuse MINIMAL, or the model's own default", () => {
    expect(organizerConfig({ GEMINI_THINKING_LEVEL: 'LOW' }).GEMINI_THINKING_LEVEL).toBe('LOW');
    expect(organizerConfig({ GEMINI_THINKING_LEVEL: 'model-default' }).GEMINI_THINKING_LEVEL).toBe(
      'model-default',
    );
    expect(() => organizerConfig({ GEMINI_THINKING_LEVEL: 'none' })).toThrow(/GEMINI_THINKING_LEVEL/);
  });

  it('takes both list prices or neither, and never an empty one as $0', () => {
    expect(
      organizerConfig({ GEMINI_PRICE_INPUT_USD_PER_MTOK: '0.25', GEMINI_PRICE_OUTPUT_USD_PER_MTOK: '1.5' }),
    ).toMatchObject({ GEMINI_PRICE_INPUT_USD_PER_MTOK: 0.25, GEMINI_PRICE_OUTPUT_USD_PER_MTOK: 1.5 });
    expect(() => organizerConfig({ GEMINI_PRICE_INPUT_USD_PER_MTOK: '0.25' })).toThrow(/both or neither/);
    expect(() =>
      organizerConfig({ GEMINI_PRICE_INPUT_USD_PER_MTOK: '', GEMINI_PRICE_OUTPUT_USD_PER_MTOK: '1' }),
    ).toThrow(ConfigError);
  });
});
