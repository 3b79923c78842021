/** True when `key` is the object's own property (never one inherited, like `__proto__` or `constructor`). */
export function hasOwn(o: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}
