// Entry of the ticket sidebar page: only the sidebar is bundled here; the console is its own entry.
// The preload goes first: its API reads start before the rest of the bundle is evaluated.
import { sidebarPreload } from './sidebar/sidebar-preload.js';
import { mount } from './mount.js';
import { SidebarApp } from './sidebar/sidebar-app.js';

mount({ ticket_sidebar: SidebarApp }, sidebarPreload);
