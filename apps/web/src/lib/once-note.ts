/**
 * A note one page leaves for the next in this tab (sessionStorage), read once: "your session was
 * ended", "your new password works". With storage disabled nothing is noted and nothing is shown.
 */
export function onceNote(key: string): { note(): void; take(): boolean } {
  return {
    note() {
      try {
        sessionStorage.setItem(key, '1');
      } catch {
        // Storage disabled: the next page simply shows no notice.
      }
    },
    take() {
      try {
        const noted = sessionStorage.getItem(key) !== null;
        sessionStorage.removeItem(key);
        return noted;
      } catch {
        return false;
      }
    },
  };
}
