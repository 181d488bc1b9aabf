import { InputError } from '../../services/errors';

/** The InputError a call fails with, for checking its problems. */
export async function inputErrorOf(attempt: Promise<unknown>): Promise<InputError> {
  const error = await attempt.then(
    () => null,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}
