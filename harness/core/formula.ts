// Worker-count formulas such as "(2 * cores) + 1", evaluated on the machine that runs them.
// A tiny recursive-descent parser: numbers, the variable `cores`, + - * / and parentheses.

export interface FormulaVariables {
  readonly cores: number;
}

export class FormulaError extends Error {}

const TOKEN = /\s*(\d+(?:\.\d+)?|cores|[-+*/×x()])/y;

const tokenize = (expression: string): string[] => {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < expression.length) {
    if (/^\s*$/.test(expression.slice(TOKEN.lastIndex))) break;
    const start = TOKEN.lastIndex;
    const match = TOKEN.exec(expression);
    if (!match) throw new FormulaError(`unexpected "${expression.slice(start).trim()}" in formula "${expression}"`);
    tokens.push(match[1] === '×' || match[1] === 'x' ? '*' : match[1]!);
  }
  return tokens;
};

export const evaluateFormula = (expression: string, variables: FormulaVariables): number => {
  const tokens = tokenize(expression);
  let position = 0;
  const peek = (): string | undefined => tokens[position];
  const take = (): string | undefined => tokens[position++];

  const parsePrimary = (): number => {
    const token = take();
    if (token === undefined) throw new FormulaError(`formula "${expression}" ends too early`);
    if (token === '(') {
      const value = parseSum();
      if (take() !== ')') throw new FormulaError(`missing ")" in formula "${expression}"`);
      return value;
    }
    if (token === 'cores') return variables.cores;
    if (token === '-') return -parsePrimary();
    const value = Number(token);
    if (Number.isNaN(value)) throw new FormulaError(`unexpected "${token}" in formula "${expression}"`);
    return value;
  };
  const parseProduct = (): number => {
    let value = parsePrimary();
    while (peek() === '*' || peek() === '/') value = take() === '*' ? value * parsePrimary() : value / parsePrimary();
    return value;
  };
  const parseSum = (): number => {
    let value = parseProduct();
    while (peek() === '+' || peek() === '-') value = take() === '+' ? value + parseProduct() : value - parseProduct();
    return value;
  };

  const value = parseSum();
  if (position !== tokens.length) throw new FormulaError(`unexpected "${tokens[position]}" in formula "${expression}"`);
  return value;
};

/** A count setting: a positive integer, or a formula that must evaluate to one. */
export const resolveCount = (value: number | string, variables: FormulaVariables): number => {
  const result = typeof value === 'number' ? value : evaluateFormula(value, variables);
  if (!Number.isInteger(result) || result < 1) {
    throw new FormulaError(`"${value}" gives ${result} with cores=${variables.cores}; a positive whole number is needed`);
  }
  return result;
};
