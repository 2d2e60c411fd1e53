/** The SQLSTATE the work failed with, or undefined when it succeeded. */
export async function sqlErrorCode(work: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await work();
    return undefined;
  } catch (error) {
    return (error as { code?: string }).code;
  }
}
