// Entry of the console page (Zendesk nav bar and the standalone /console). The preload goes first:
// its API reads start before the rest of the bundle is evaluated.
import { consolePreload } from './console/console-preload.js';
import { ConsoleApp } from './console/console-app.js';
import { mount } from './mount.js';

mount({ nav_bar: ConsoleApp }, consolePreload);
