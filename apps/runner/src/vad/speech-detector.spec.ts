import { SpeechDetector } from './speech-detector.js';

const FRAME = 512;

/** Regions for one probability per frame. */
function detect(probabilities: number[], options: Partial<ConstructorParameters<typeof SpeechDetector>[0]> = {}) {
  const detector = new SpeechDetector({
    threshold: 0.5,
    minSilenceSamples: 2 * FRAME,
    minSpeechSamples: 2 * FRAME,
    padSamples: 0,
    ...options,
  });
  probabilities.forEach((probability, frame) => detector.push(probability, frame * FRAME));
  return detector.finish(probabilities.length * FRAME).map(({ start, end }) => [start / FRAME, end / FRAME]);
}

describe('SpeechDetector', () => {
  it('starts speech at the threshold and ends it after the minimum silence below threshold − 0.15', () => {
    expect(detect([0, 0, 0.9, 0.9, 0.9, 0.1, 0.1, 0.1, 0, 0])).toEqual([[2, 5]]);
  });

  it('keeps speech going between the two thresholds (hysteresis) and through short pauses', () => {
    expect(detect([0.9, 0.4, 0.4, 0.4, 0.9, 0.1, 0.9, 0.9, 0.1, 0.1, 0.1])).toEqual([[0, 8]]);
  });

  it('drops bursts shorter than the minimum speech', () => {
    expect(detect([0, 0.9, 0.1, 0.1, 0.1, 0, 0.9, 0.9, 0.9, 0.1, 0.1, 0.1])).toEqual([[6, 9]]);
  });

  it('closes speech still going at the end of the file', () => {
    expect(detect([0, 0, 0.9, 0.9, 0.9])).toEqual([[2, 5]]);
  });

  it('pads regions without passing the file edges or reaching into the next region', () => {
    const probabilities = [0.9, 0.9, 0.9, 0.1, 0.1, 0.1, 0.9, 0.9, 0.9, 0.1, 0.1, 0.1, 0, 0, 0];
    expect(detect(probabilities, { padSamples: 1.5 * FRAME })).toEqual([
      [0, 4.5],
      [4.5, 10.5],
    ]);
  });

  it('finds nothing in silence', () => {
    expect(detect(new Array<number>(100).fill(0.02))).toEqual([]);
  });
});
