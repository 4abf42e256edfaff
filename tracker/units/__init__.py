"""Units (đơn vị) of the province and the named groups plans assign to."""
