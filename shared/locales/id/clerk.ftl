# clerk pages (the agent UI)
