// Entry of the console page (Zendesk nav bar and the standalone /console).
import { ConsoleApp } from './console/console-app.js';
import { mount } from './mount.js';

mount({ nav_bar: ConsoleApp });
