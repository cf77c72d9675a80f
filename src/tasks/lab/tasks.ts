/** The lab's tasks by name, with the length each uses when none is given. */
import { ValueError } from '../../errors.js';
import { addingTask } from './adding.js';
import { copyTask } from './copy.js';
import { reberTask } from './reber.js';
import type { LabTask, LabTaskName } from './task.js';

/** The lab's tasks: the adding problem, the copy task and the embedded Reber grammar. */
export const LAB_TASKS: readonly LabTaskName[] = ['adding', 'copy', 'reber'];

/** Default T of each task: lengths the literature starts from (adding T = 50 … 400, copy T = 100 … 500). */
export const DEFAULT_LENGTHS: Readonly<Record<LabTaskName, number>> = { adding: 100, copy: 100, reber: 50 };

/** The task `name` at `length` (its default when omitted); a ValueError for an unknown name. */
export function labTask(name: string, length?: number): LabTask {
  if (!(LAB_TASKS as readonly string[]).includes(name)) throw new ValueError(`lab: unknown task '${name.slice(0, 40)}'; expected one of ${LAB_TASKS.join(', ')}`);
  const n = name as LabTaskName;
  const T = length ?? DEFAULT_LENGTHS[n];
  return n === 'adding' ? addingTask(T) : n === 'copy' ? copyTask(T) : reberTask(T);
}
