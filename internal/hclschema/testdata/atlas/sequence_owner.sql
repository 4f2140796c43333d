CREATE TABLE public.tickets (number integer NOT NULL);
CREATE SEQUENCE public.ticket_numbers AS integer START WITH 100 INCREMENT BY 2 OWNED BY public.tickets.number;
COMMENT ON SEQUENCE public.ticket_numbers IS 'owned by a column';
