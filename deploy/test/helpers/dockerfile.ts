/** One Dockerfile instruction: upper-cased keyword and its arguments, continuations joined. */
export interface Instruction {
  keyword: string;
  args: string;
}

/** One build stage: its FROM image, optional `AS` name and the instructions after FROM. */
export interface Stage {
  image: string;
  name: string | undefined;
  instructions: Instruction[];
}

/** Splits a Dockerfile into instructions (comments dropped, `\` continuations joined). */
export function parseInstructions(text: string): Instruction[] {
  const logical: string[] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (current === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.startsWith('#')) continue; // a comment inside a continued instruction
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1).trimEnd()} `;
      continue;
    }
    logical.push(current + line);
    current = '';
  }
  if (current !== '') logical.push(current);
  return logical.map((line) => {
    const match = /^(\S+)\s*(.*)$/.exec(line);
    if (!match) throw new Error(`unparseable Dockerfile line: ${line}`);
    return { keyword: match[1]!.toUpperCase(), args: match[2]!.trim() };
  });
}

/** Groups instructions into stages, each starting at a FROM. */
export function parseStages(text: string): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of parseInstructions(text)) {
    if (instruction.keyword === 'FROM') {
      const [image, as, name] = instruction.args.split(/\s+/);
      stages.push({ image: image!, name: as?.toUpperCase() === 'AS' ? name : undefined, instructions: [] });
    } else {
      // ARG before the first FROM is legal; it belongs to no stage.
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return stages;
}
