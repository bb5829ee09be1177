import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateFormula, FormulaError, resolveCount } from '../../harness/core/formula.js';

describe('evaluateFormula', () => {
  it('gives 5 for "(2 * cores) + 1" on 2 cores and 9 on 4 cores', () => {
    assert.equal(evaluateFormula('(2 * cores) + 1', { cores: 2 }), 5);
    assert.equal(evaluateFormula('(2 * cores) + 1', { cores: 4 }), 9);
  });

  it('reads × and x as multiplication, as the documents write it', () => {
    assert.equal(evaluateFormula('2 × cores + 1', { cores: 2 }), 5);
    assert.equal(evaluateFormula('2 x cores + 1', { cores: 4 }), 9);
  });

  it('multiplies before it adds unless parentheses say otherwise', () => {
    assert.equal(evaluateFormula('1 + 2 * cores', { cores: 3 }), 7);
    assert.equal(evaluateFormula('(1 + 2) * cores', { cores: 3 }), 9);
    assert.equal(evaluateFormula('cores / 2 - 1', { cores: 8 }), 3);
  });

  it('accepts a plain number and surrounding spaces', () => {
    assert.equal(evaluateFormula('  4  ', { cores: 2 }), 4);
  });

  for (const formula of ['2 * cpus', '(2 * cores', '2 *', '2 cores', '', '2 ** cores']) {
    it(`throws a FormulaError naming the formula for ${JSON.stringify(formula)}`, () => {
      assert.throws(
        () => evaluateFormula(formula, { cores: 2 }),
        (error: unknown) => error instanceof FormulaError && error.message.includes(`formula "${formula}"`),
      );
    });
  }
});

describe('resolveCount', () => {
  it('keeps a positive whole number as it is', () => {
    assert.equal(resolveCount(3, { cores: 2 }), 3);
  });

  it('evaluates a formula on the given cores', () => {
    assert.equal(resolveCount('(2 * cores) + 1', { cores: 4 }), 9);
  });

  it('rejects a formula that gives zero or less, naming the formula, its result and the cores', () => {
    assert.throws(() => resolveCount('cores - 2', { cores: 2 }), (error: unknown) =>
      error instanceof FormulaError && error.message.includes('"cores - 2"') && error.message.includes('gives 0') && error.message.includes('cores=2'),
    );
    assert.throws(() => resolveCount('1 - cores', { cores: 4 }), FormulaError);
  });

  it('rejects a formula that gives a fraction', () => {
    assert.throws(() => resolveCount('cores / 3', { cores: 2 }), /positive whole number/);
  });

  it('rejects a number that is not a positive whole number', () => {
    assert.throws(() => resolveCount(0, { cores: 2 }), FormulaError);
    assert.throws(() => resolveCount(1.5, { cores: 2 }), FormulaError);
  });
});
