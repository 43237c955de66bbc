"""Pages the kit makes from its notebooks: the editions, the printable handouts and worksheets
(`paper`), the student branch (`publish`), and the scan that keeps every page inert (`inert`)."""
