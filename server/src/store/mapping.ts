import type { FeedEvent, FeedImage, FeedLocation, FeedOrganization } from '../feed/entities';

/**
 * The only place that knows how the contract's entities land in the content types. Each function
 * returns exactly the fields the sync owns; every other field of an entry belongs to editors.
 */

const image = (value: FeedImage | null | undefined) =>
  value
    ? {
        url: value.url,
        alt: value.alt ?? null,
        width: value.width ?? null,
        height: value.height ?? null,
      }
    : null;

export function mapOrganization(organization: FeedOrganization) {
  return {
    stagerId: organization.id,
    name: organization.name,
    website: organization.website ?? null,
    email: organization.email ?? null,
    phone: organization.phone ?? null,
    logo: image(organization.logo),
    raw: organization,
  };
}

export function mapLocation(location: FeedLocation) {
  return {
    stagerId: location.id,
    name: location.name,
    street: location.street ?? null,
    houseNumber: location.houseNumber ?? null,
    zipcode: location.zipcode ?? null,
    city: location.city ?? null,
    country: location.country ?? null,
    latitude: location.latitude ?? null,
    longitude: location.longitude ?? null,
    website: location.website ?? null,
    spaces: (location.spaces ?? []).map((space) => ({
      stagerId: space.id,
      name: space.name ?? null,
    })),
    raw: location,
  };
}

export function mapEvent(event: FeedEvent) {
  const publicity = event.publicity ?? {};
  return {
    stagerId: event.id,
    name: event.name,
    subtitle: event.subtitle ?? null,
    eventStatus: event.status ?? null,
    start: event.start,
    end: event.end ?? null,
    doorsOpen: event.doorsOpen ?? null,
    modifiedAt: event.modifiedAt,
    spaceIds: event.spaceIds ?? [],
    text: publicity.text ?? null,
    textHtml: publicity.textHtml ?? null,
    ticketShopUrl: publicity.ticketShopUrl ?? null,
    genre: publicity.genre ?? null,
    tags: publicity.tags ?? [],
    language: publicity.language ?? null,
    mainImage: image(publicity.mainImage),
    images: (publicity.images ?? []).map(image),
    videos: (publicity.videos ?? []).map((video) => ({
      url: video.url,
      title: video.title ?? null,
    })),
    programItems: (event.programItems ?? []).map((item) => ({
      name: item.name ?? null,
      start: item.start ?? null,
      end: item.end ?? null,
      description: item.description ?? null,
    })),
    ticketTypes: (event.ticketTypes ?? []).map((ticket) => ({
      stagerId: ticket.id ?? null,
      name: ticket.name ?? null,
      price: ticket.price ?? null,
      webFee: ticket.webFee ?? null,
      currency: ticket.currency ?? 'EUR',
      saleStart: ticket.saleStart ?? null,
      onlineSaleEnd: ticket.onlineSaleEnd ?? null,
      doorSaleEnd: ticket.doorSaleEnd ?? null,
      onlineSoldOut: ticket.onlineSoldOut ?? null,
      doorSoldOut: ticket.doorSoldOut ?? null,
      total: ticket.total ?? null,
      available: ticket.available ?? null,
      reserved: ticket.reserved ?? null,
      soldOutOverride: ticket.soldOutOverride ?? null,
    })),
    accountingId: event.accountingId ?? null,
    eventGroup: event.eventGroup
      ? { stagerId: event.eventGroup.id, name: event.eventGroup.name ?? null }
      : null,
    projectType: event.projectType ?? null,
    memberLink: event.memberLink ?? null,
    expectedVisitors: event.expectedVisitors ?? null,
    raw: event,
  };
}
