// Entry of the ticket sidebar page: only the sidebar is bundled here; the console is its own entry.
import { mount } from './mount.js';
import { SidebarApp } from './sidebar/sidebar-app.js';

mount({ ticket_sidebar: SidebarApp });
