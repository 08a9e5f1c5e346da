import settings from './settings';
import roles from './roles';

export default { settings, roles };
