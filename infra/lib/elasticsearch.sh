# placeholder
elasticsearch_up() { :; }
elasticsearch_down() { :; }
elasticsearch_status() { :; }
elasticsearch_reset() { :; }
