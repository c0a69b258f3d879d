import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module.js';
import { EventBus } from './event-bus.js';
import { EventStreamAuthGuard } from './event-stream-auth.guard.js';
import { EventStreams } from './event-streams.js';
import { EventTickets } from './event-tickets.js';
import { EventRepository } from './event.repository.js';
import { EventsController } from './events.controller.js';
import { HeldRequests } from './held-requests.js';

/** Everything that pushes state out: the PostgreSQL event bus, the event streams, their tickets. */
@Module({
  imports: [UsersModule],
  controllers: [EventsController],
  providers: [EventBus, EventRepository, EventStreams, EventTickets, EventStreamAuthGuard, HeldRequests],
  exports: [EventBus, HeldRequests],
})
export class EventsModule {}
