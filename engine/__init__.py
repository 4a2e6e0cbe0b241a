"""erkend's domain and workflow runtime. Never imports flask, web/, forms/ or letters/."""
