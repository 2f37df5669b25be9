// The program version, read once from package.json (the single place it is written).
import { packageVersion } from '../store/packageRoot';

export const VERSION = packageVersion();
